-- What each action means for a patient, in plain words true of that action taken alone: the notice a practice prints
-- and the action's guidance page give one sentence per action in force. Until now each category had one sentence,
-- which promised what only one action of the category does. The shipped actions get their own, but only where the
-- row is still the shipped action: its title and category those of the action shipped under its number (version 2,
-- which has all ten), since a draft may give a shipped number to another action, or an administrator may have edited
-- it into one. Every other action keeps its category's old sentence, what its notice said until now, until the menu
-- editor changes it (the editor asks for one with every new or changed action).
alter table menu_action add column for_patients text;

update menu_action set for_patients = case menu_action.number
    when 1 then 'Each of our doctors and nurses sees a safe number of patients a day, so that everyone they see gets the time and care they need.'
    when 2 then 'When we think you need a specialist, we refer you, and ask a specialist for advice first only when that helps you.'
    when 3 then 'We are giving notice on some extra services the NHS does not pay us for, so that our time goes to the care we are paid to give.'
    when 4 then 'When you need a test, a specialist or a hospital, we refer you on your clinical need alone, without local forms that hold you up.'
    when 5 then 'Other services cannot write straight into your GP record: we add what they tell us ourselves, so that we can check it.'
    when 6 then 'We no longer share data from your health records under agreements that are not for your care.'
    when 7 then 'For now we are not joining any new scheme that would share data from your health records.'
    when 8 then 'Your medicines are chosen on your clinician''s judgement, not on computer prompts designed to save money.'
    when 9 then 'We are not yet signing up to new NHS schemes for our phones and online requests, and on a day when we are full we may stop taking online requests until our next working day.'
    when 10 then 'We are waiting before agreeing to take part in new NHS pilots or new contracts.'
end
from menu_action shipped
where shipped.version = 2
  and shipped.number = menu_action.number
  and shipped.title = menu_action.title
  and shipped.category = menu_action.category
  and menu_action.number between 1 and 10;

update menu_action set for_patients = case category
    when 'CAPACITY' then 'We are changing how our doctors and nurses work, so that everyone they see gets the time and care they need.'
    when 'REFERRALS' then 'When you need a test, a specialist or a hospital, we refer you on your clinical need alone, without extra steps that hold you up.'
    when 'DATA_SHARING' then 'We are looking after your health records: they are used for your care, in ways we can check.'
    when 'DIGITAL' then 'We use phone, online and computer systems only where they put your care first.'
    when 'CONTRACTS' then 'We are putting our time into the care our NHS contract covers, before any extra work or new schemes.'
end
where for_patients is null;

alter table menu_action
    alter column for_patients set not null,
    add constraint menu_action_for_patients_given check (length(btrim(for_patients)) > 0);
