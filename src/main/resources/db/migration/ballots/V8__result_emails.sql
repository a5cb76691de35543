-- How many members on the roll were emailed the result when it was published (in the publishing transaction).
alter table ballot add column result_emailed integer;
