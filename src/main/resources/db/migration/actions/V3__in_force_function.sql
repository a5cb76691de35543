-- Whether a practice has an action in force on a day, for other modules' SQL (safe working reads it with the rest of
-- a decision in one statement). Part of the module's public API, like ActionsInForce, which answers from it too.
create function in_force(practice text, action integer, on_day date) returns boolean
    language sql stable
as $$
    select exists (select 1 from actions.action_period
                   where ods_code = practice and action_number = action
                     and from_on <= on_day and (to_on is null or to_on > on_day))
$$;
