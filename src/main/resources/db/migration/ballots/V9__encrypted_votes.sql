-- Votes are encrypted to the trustees' keys from now on: a paper holds one exponential-ElGamal ciphertext per option
-- with its proofs, and no choice. Papers stored before, with their choice in the clear, cannot be carried over (GP
-- Action never holds the keys that would encrypt them), so an upgrade over them stops here and says so.
do $$
begin
    if exists (select 1 from ballots.ballot_paper) then
        raise exception 'This version of GP Action encrypts votes, and this database holds % ballot papers stored '
            'before it with their choice in the clear. Export the results you need from the previous version, then '
            'start this one on a new data directory (or database).', (select count(*) from ballots.ballot_paper);
    end if;
end
$$;

alter table ballot_paper
    drop column choice,
    drop column receipt_hash,
    -- The encrypted ballot in its canonical encoding (docs/ballot-record.md) and its tracker, the SHA-256 of that
    -- encoding: what the voter is given as their receipt.
    add column encrypted bytea not null,
    add column tracker bytea not null unique check (length(tracker) = 32);

-- The election's identifier, bound into every proof; made once for the ballot, never reused.
alter table ballot add column election_id text not null default 'gp-action/' || gen_random_uuid()::text;

-- A trustee's public key with its proof of possession, as the trustee's own `trustee keygen` wrote it. Every
-- trustee's key is needed to encrypt and every trustee's share to decrypt. Keys are given while the ballot is a draft
-- and are fixed from scheduling on.
-- A trustee's place in the election record is the order their key was given in.
create table trustee (
    ballot_id   bigint      not null references ballot (id),
    public_key  text        not null,
    name        text        not null,
    key_file    text        not null,
    uploaded_by text        not null,
    uploaded_at timestamptz not null,
    primary key (ballot_id, public_key)
);

-- The count at the close (tally.json of the record): the ciphertexts of every paper whose proofs held, multiplied per
-- option (only these totals are ever decrypted), and the papers whose proofs failed, counted as spoilt. Then the
-- totals the trustees' combined shares decrypt it to, one per option.
alter table ballot
    add column tally        text,
    add column tallied_at   timestamptz,
    add column counts       bigint[],
    add column decrypted_at timestamptz;

-- Each trustee's decryption share of the tally with its proofs, checked before it is stored.
create table decryption_share (
    ballot_id   bigint      not null,
    public_key  text        not null,
    share       text        not null,
    uploaded_by text        not null,
    uploaded_at timestamptz not null,
    primary key (ballot_id, public_key),
    foreign key (ballot_id, public_key) references trustee (ballot_id, public_key)
);
