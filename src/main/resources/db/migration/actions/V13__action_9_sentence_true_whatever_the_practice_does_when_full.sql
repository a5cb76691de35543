-- Action 9's sentence for patients, as V9 shipped it, said the practice may stop taking online requests when it is
-- full. Whether it does is the practice's own choice in safe working: its online front door may stay open and signpost,
-- taking routine requests for a later day, or close, which since October 2025 the GP contract allows only with the
-- ICB's agreement. The notice cannot know that choice, so the sentence now says what is true of both. Only a row still
-- carrying the shipped wording changes: a sentence an administrator wrote is theirs.
update menu_action
set for_patients = 'We are not yet signing up to new NHS schemes for our phones and online requests, and on a day when we are full we will tell you where else you can get help.'
where for_patients = 'We are not yet signing up to new NHS schemes for our phones and online requests, and on a day when we are full we may stop taking online requests until our next working day.';
