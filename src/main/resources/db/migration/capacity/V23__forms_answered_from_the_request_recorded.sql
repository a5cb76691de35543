-- A form's sending records its request under the claim it made on the form's value, in the same statement that
-- records the request: if its answer is never kept (the server stopped between the two), the form sent again finds
-- the request recorded under that claim and is answered with its outcome, instead of waiting for an answer that will
-- never come. Requests recorded without a form's value have none.
-- Columns only, with no default, so that each alter takes its lock for a moment; the index that finds a request by its
-- claim is built in V24, in a transaction of its own.
alter table form_once add column claim uuid;
alter table contact_request add column form_claim uuid;
