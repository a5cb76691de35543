-- Each change to the draft takes a new revision, which the draft's pages carry, so that a page opened before another
-- administrator's change saves nothing over it. From a sequence, not a count, so a draft discarded and started again
-- never has a revision a page of the old one carries. Who changed it last, and when, is what the refused page says.
create sequence menu_draft_revision;

alter table menu_version
    add column revision   bigint not null default nextval('menu_draft_revision'),
    add column changed_at timestamptz,
    add column changed_by text;
