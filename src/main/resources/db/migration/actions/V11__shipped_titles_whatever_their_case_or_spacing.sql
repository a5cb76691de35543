-- V9 kept an action's own sentence for patients only where its title was exactly the one shipped under its number,
-- so a shipped action whose title an administrator had only re-cased or re-spaced fell back to its category's old
-- sentence, though it is still the shipped action: the menu editor holds two titles that differ only so for one
-- (DraftRules). Such a row gets its shipped sentence now, titles compared as the editor compares them (runs of spaces
-- as one, ends trimmed, case ignored), but only while it still has its category's old sentence, which V9 gave it: a
-- sentence an administrator has written since stays.
update menu_action set for_patients = shipped.for_patients
from menu_action shipped
where shipped.version = 2
  and shipped.number = menu_action.number
  and shipped.category = menu_action.category
  and menu_action.number between 1 and 10
  and shipped.title <> menu_action.title
  and lower(btrim(regexp_replace(shipped.title, '[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g')))
    = lower(btrim(regexp_replace(menu_action.title, '[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+', ' ', 'g')))
  and menu_action.for_patients = case menu_action.category
    when 'CAPACITY' then 'We are changing how our doctors and nurses work, so that everyone they see gets the time and care they need.'
    when 'REFERRALS' then 'When you need a test, a specialist or a hospital, we refer you on your clinical need alone, without extra steps that hold you up.'
    when 'DATA_SHARING' then 'We are looking after your health records: they are used for your care, in ways we can check.'
    when 'DIGITAL' then 'We use phone, online and computer systems only where they put your care first.'
    when 'CONTRACTS' then 'We are putting our time into the care our NHS contract covers, before any extra work or new schemes.'
  end;
