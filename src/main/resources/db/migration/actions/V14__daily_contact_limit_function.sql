-- Action 1's daily contact limit per clinician on the menu in force on a day, for safe working, which holds each
-- clinician to it: as the latest version published by that day that has action 1 gives it (one retiring action 1
-- leaves a practice still taking it the limit it had), with that version's number and day; contacts is null when that
-- version sets none, and there is no row before any version has action 1. Part of the module's public API, like
-- in_force and ActionsInForce, which answers from it too.
create function daily_contact_limit(on_day date)
    returns table (contacts integer, version integer, published_on date)
    language sql stable
as $$
    select a.daily_contact_limit, v.version, v.published_on
    from actions.menu_action a
    join actions.menu_version v on v.version = a.version
    where a.number = 1 and v.status = 'PUBLISHED' and v.published_on <= on_day
    order by v.version desc
    limit 1
$$;
