-- Each clinician's daily cap is held to action 1's daily contact limit on the menu, only while the practice has action 1
-- in force that day, and never above the safe maximum of 25 (which holds when the menu sets no limit too). The rule is
-- written once here, for every statement that holds a cap: a decision's write, a form's answer from its request, a
-- change's reading of the day's room. Each statement reads actions.in_force and actions.daily_contact_limit once, as it
-- did, and passes them in. Both functions are a single expression, immutable, so PostgreSQL plans each call as the
-- expression itself: holding a cap costs what the least() the statements wrote before cost. CapLimit is their mirror in
-- Java, for caps held in memory (loads read as arrays, the days ahead, the set-up's rules).

-- The most any clinician's cap counts for on a day: while action 1 is in force, its daily contact limit on the menu
-- (null when the menu sets none), never above 25; null while action 1 is not in force, when no cap is held.
create function cap_limit(action_one_in_force boolean, menu_limit integer) returns integer
    language sql immutable parallel safe
as $$
    select case when action_one_in_force then least(menu_limit, 25) end
$$;

-- A cap held to a cap_limit: the limit when the cap is above it; the cap as it is when there is none (null).
create function cap_held_to(cap integer, limit_in_force integer) returns integer
    language sql immutable parallel safe
as $$
    select least(cap, limit_in_force)
$$;
