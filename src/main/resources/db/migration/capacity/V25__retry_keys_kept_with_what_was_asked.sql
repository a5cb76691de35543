-- A client's own retry key for POST /api/practices/{ods}/contacts is kept like a form's value, with what was asked
-- (channel, kind and clinician: nothing about the patient), so that the key sent again with another request is refused
-- rather than answered with an outcome that is not its own. Null for a form's value, which is made from what was asked.
alter table form_once add column asked text;
