-- A member whose declared role the scrutineer refused, and who then declares a new qualifying role (another role or
-- practice, declared at another time), waits for a new check of that one: the refusal was of what they declared then.
-- A ballot may therefore hold several checks of one member, only one of them waiting; the refused ones stay, with
-- their reasons, and are counted as before. What a refusal was about is told by the role, practice and moment
-- declared, which the new check compares.
alter table roll_check drop constraint roll_check_ballot_id_membership_number_key;

create unique index roll_check_one_waiting on roll_check (ballot_id, membership_number) where state = 'WAITING';

create index roll_check_member on roll_check (ballot_id, membership_number);
