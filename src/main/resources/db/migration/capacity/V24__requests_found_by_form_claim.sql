-- The request a form's sending recorded under its claim (V23), found by index, and never two under one claim. Only
-- requests recorded with a form's value are in it.
-- Plain create index, in the migration's transaction: the table is small when a test database migrates, and a large
-- database can build the index first with create unique index concurrently under the same name, which this then keeps.
create unique index if not exists contact_request_form_claim on contact_request (form_claim)
    where form_claim is not null;
