-- A sign-in link to a member's details signs in only while the member's address is the one it was sent to, as
-- MemberDetails keys it; a link made before is taken to have gone to the address the member has now.
alter table details_link add column sent_to bytea;
update details_link link set sent_to = sha256(convert_to(lower(m.email), 'UTF8'))
from member m where m.membership_number = link.membership_number;
alter table details_link alter column sent_to set not null;
