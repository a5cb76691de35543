-- The one-time value of the hosts' publish form an event was published from (null through the API): the same form
-- sent twice (a double click, a page sent again) publishes one event, and the second sending is shown it.
alter table event add column submission uuid unique;
