-- A member's change of email address waits until they open a link sent to the new address. The link is made as its
-- email is sent (the outbox refers to the change's id), so its hash is set only then. The change holds only while the
-- member's address is the one they had when asking (keyed as a details link's sent_to), and a later change, or the
-- link being used, spends it.
create table email_change (
    id                bigint generated always as identity primary key,
    membership_number text        not null references member (membership_number) on delete cascade,
    new_email         text        not null,
    asked_at          bytea       not null,
    created_at        timestamptz not null,
    expires_at        timestamptz not null,
    token_hash        bytea unique,
    spent_at          timestamptz
);

create index email_change_member on email_change (membership_number);
