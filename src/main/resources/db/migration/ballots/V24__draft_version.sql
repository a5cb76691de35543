-- Each change to a draft's settings takes the next version, which the draft's pages carry and the API gives as its
-- ETag, so that a save or a scheduling from a page opened before someone else's change does nothing over it. Who
-- changed it last, and when, is what the refusal says (the creator and creation time until the first change).
alter table ballot
    add column version    bigint not null default 1,
    add column changed_at timestamptz,
    add column changed_by text;
