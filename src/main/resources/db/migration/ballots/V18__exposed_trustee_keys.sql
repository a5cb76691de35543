-- The public keys of private keys that were pasted into GP Action (as a public key or as a decryption share). The
-- private key is refused and never stored, but the server has seen it, so the key pair must never be used: its public
-- key is kept here, worked out from the pasted secret, so that it can be recognised and refused if it is given later.
-- Only the public key is kept, which is public anyway.
create table exposed_trustee_key (
    public_key text        primary key,
    seen_at    timestamptz not null
);
