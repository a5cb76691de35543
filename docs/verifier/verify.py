#!/usr/bin/env python3
"""Independent verifier for GP Action's ballot record (record.zip).

Written from docs/ballot-record.md ("the document") alone, without reading the
Java verifier, and kept to the document as it decided what it had left open;
section numbers in comments refer to it.  Python 3.11, standard library only.

    python3 verify.py record.zip [--tracker TRACKER] [--joint-key KEY]

Prints one PASS/FAIL line per check, then VERIFIED or NOT VERIFIED.
Exit status: 0 verified, 1 not verified, 2 misuse (section 8).
"""

import base64
import hashlib
import hmac
import json
import os
import re
import sys
import time
import zipfile
import zlib

# ---------------------------------------------------------------------------
# Section 2: the group, NIST P-256
# ---------------------------------------------------------------------------

P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
A = 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffc
B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b
G_HEX = "036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551

GROUP_TABLE = {  # section 6, election.json "group": must be exactly this
    "name": "P-256",
    "p": "%064x" % P,
    "a": "%064x" % A,
    "b": "%064x" % B,
    "generator": G_HEX,
    "order": "%064x" % N,
}

# Section 4: the value the document states for H_P.
H_P_DOCUMENTED = "d16015946e1fb4ee1e863bc92539f83876f911f9f84a39c6e666ea7c1b6f16c5"

# Points are affine tuples (x, y); the identity O is None.
O = None


def on_curve(x, y):
    return (y * y - (x * x * x + A * x + B)) % P == 0


def _to_jacobian(pt):
    return (1, 1, 0) if pt is None else (pt[0], pt[1], 1)


def _to_affine(j):
    x, y, z = j
    if z == 0:
        return None
    zi = pow(z, -1, P)
    zi2 = zi * zi % P
    return (x * zi2 % P, y * zi2 * zi % P)


def _jdouble(j):
    x, y, z = j
    if z == 0 or y == 0:
        return (1, 1, 0)
    yy = y * y % P
    s = 4 * x * yy % P
    zz = z * z % P
    m = 3 * (x - zz) * (x + zz) % P  # a = -3
    x3 = (m * m - 2 * s) % P
    y3 = (m * (s - x3) - 8 * yy * yy) % P
    z3 = 2 * y * z % P
    return (x3, y3, z3)


def _jadd(j1, j2):
    x1, y1, z1 = j1
    x2, y2, z2 = j2
    if z1 == 0:
        return j2
    if z2 == 0:
        return j1
    z1z1 = z1 * z1 % P
    z2z2 = z2 * z2 % P
    u1 = x1 * z2z2 % P
    u2 = x2 * z1z1 % P
    s1 = y1 * z2 * z2z2 % P
    s2 = y2 * z1 * z1z1 % P
    if u1 == u2:
        return _jdouble(j1) if s1 == s2 else (1, 1, 0)
    h = (u2 - u1) % P
    r = (s2 - s1) % P
    hh = h * h % P
    hhh = h * hh % P
    v = u1 * hh % P
    x3 = (r * r - hhh - 2 * v) % P
    y3 = (r * (v - x3) - s1 * hhh) % P
    z3 = h * z1 * z2 % P
    return (x3, y3, z3)


def add(p1, p2):
    return _to_affine(_jadd(_to_jacobian(p1), _to_jacobian(p2)))


def neg(pt):
    return None if pt is None else (pt[0], (-pt[1]) % P)


def sub(p1, p2):
    return add(p1, neg(p2))


def mul(k, pt):
    """k·pt (double-and-add)."""
    return mul2(k, pt, 0, None)


def mul2(k1, p1, k2, p2):
    """k1·p1 + k2·p2 with Shamir's trick (one shared doubling chain)."""
    k1 %= N
    k2 %= N
    j1, j2 = _to_jacobian(p1), _to_jacobian(p2)
    j12 = _jadd(j1, j2)
    acc = (1, 1, 0)
    for i in range(max(k1.bit_length(), k2.bit_length()) - 1, -1, -1):
        acc = _jdouble(acc)
        b1, b2 = (k1 >> i) & 1, (k2 >> i) & 1
        if b1 and b2:
            acc = _jadd(acc, j12)
        elif b1:
            acc = _jadd(acc, j1)
        elif b2:
            acc = _jadd(acc, j2)
    return _to_affine(acc)


def point_sum(points):
    acc = (1, 1, 0)
    for pt in points:
        acc = _jadd(acc, _to_jacobian(pt))
    return _to_affine(acc)


# ---------------------------------------------------------------------------
# Section 3: encodings
# ---------------------------------------------------------------------------

class DecodeError(Exception):
    pass


def encode_point(pt):
    """33-byte SEC1 compressed; O is 33 zero bytes (section 3)."""
    if pt is None:
        return bytes(33)
    x, y = pt
    return bytes([2 + (y & 1)]) + x.to_bytes(32, "big")


def decode_point(data, allow_identity=False):
    """Section 3 "Point": refuse bad length, prefix, x >= p, no y, O where not allowed."""
    if len(data) != 33:
        raise DecodeError("point is not 33 bytes")
    if data == bytes(33):
        if allow_identity:
            return None
        raise DecodeError("identity not allowed here")
    if data[0] not in (2, 3):
        raise DecodeError("point prefix not 02/03")
    x = int.from_bytes(data[1:], "big")
    if x >= P:
        raise DecodeError("point x not below p")
    rhs = (x * x * x + A * x + B) % P
    y = pow(rhs, (P + 1) // 4, P)  # p ≡ 3 (mod 4)
    if y * y % P != rhs:
        raise DecodeError("no point with this x")
    if (y & 1) != (data[0] & 1):
        y = P - y
    return (x, y)


def decode_ballot_point(data):
    """Section 3 "Ballot point": 65 bytes 04‖x‖y, on the curve, never O."""
    if len(data) != 65 or data[0] != 4:
        raise DecodeError("ballot point prefix not 04")
    x = int.from_bytes(data[1:33], "big")
    y = int.from_bytes(data[33:], "big")
    if x >= P or y >= P:
        raise DecodeError("ballot point coordinate not below p")
    if not on_curve(x, y):
        raise DecodeError("ballot point not on the curve")
    return (x, y)


def decode_scalar(data):
    """Section 3 "Scalar": 32 bytes big-endian, strictly below n, never reduced."""
    if len(data) != 32:
        raise DecodeError("scalar is not 32 bytes")
    s = int.from_bytes(data, "big")
    if s >= N:
        raise DecodeError("scalar not below n")
    return s


def encode_scalar(s):
    return s.to_bytes(32, "big")


def encode_int(i):
    """Section 3 "Integer" (in hashes): 4 bytes big-endian unsigned."""
    return i.to_bytes(4, "big")


def encode_text(s):
    """Section 3 "Text": UTF-8, no normalisation."""
    return s.encode("utf-8")


G = decode_point(bytes.fromhex(G_HEX))


# ---------------------------------------------------------------------------
# Section 3: encrypted ballot, canonical encoding version 2
# ---------------------------------------------------------------------------

def decode_ballot(raw):
    """Return (k, [(alpha, beta, c0, c1, v0, v1)], c, v); DecodeError if malformed."""
    if len(raw) < 3:
        raise DecodeError("ballot too short")
    if raw[0] != 2:
        raise DecodeError("ballot version %d, not 2" % raw[0])
    k = int.from_bytes(raw[1:3], "big")
    if not 1 <= k <= 1000:
        raise DecodeError("ballot option count %d outside 1..1000" % k)
    if len(raw) != 67 + 258 * k:
        raise DecodeError("ballot length %d, expected %d" % (len(raw), 67 + 258 * k))
    cts = []
    for j in range(k):
        o = 3 + 258 * j
        alpha = decode_ballot_point(raw[o:o + 65])
        beta = decode_ballot_point(raw[o + 65:o + 130])
        c0, c1, v0, v1 = (decode_scalar(raw[o + 130 + 32 * i:o + 162 + 32 * i]) for i in range(4))
        cts.append((alpha, beta, c0, c1, v0, v1))
    o = 3 + 258 * k
    c = decode_scalar(raw[o:o + 32])
    v = decode_scalar(raw[o + 32:o + 64])
    return k, cts, c, v


# ---------------------------------------------------------------------------
# Section 4: hashes
# ---------------------------------------------------------------------------

def frame(x):
    """F(x): 4-byte big-endian length of x's encoding, then the encoding."""
    return len(x).to_bytes(4, "big") + x


def field(value):
    """The section-3 encoding of a hash field, by its Python type."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return encode_text(value)
    if isinstance(value, int):
        return encode_int(value)
    if value is None or isinstance(value, tuple):
        return encode_point(value)
    raise TypeError(value)


def H(key, sep, *fields):
    """H(key; sep, fields…) = HMAC-SHA-256(key, sep ‖ F(f1) ‖ F(f2) ‖ …)."""
    msg = bytes([sep]) + b"".join(frame(field(f)) for f in fields)
    return hmac.new(key, msg, hashlib.sha256).digest()


def challenge(key, sep, *fields):
    """Section 4 "Challenge": H as big-endian integer mod n."""
    return int.from_bytes(H(key, sep, *fields), "big") % N


def parameter_hash():
    """H_P = SHA-256(F("GP Action ballot record v1") ‖ F("P-256") ‖ F(p) ‖ F(a) ‖ F(b) ‖ F(G) ‖ F(n))."""
    parts = [encode_text("GP Action ballot record v1"), encode_text("P-256"),
             encode_scalar(P), encode_scalar(A), encode_scalar(B),
             encode_point(G), encode_scalar(N)]
    return hashlib.sha256(b"".join(frame(x) for x in parts)).digest()


def base_hash(h_p, election_id, question, options, trustee_count):
    return H(h_p, 0x01, election_id, question, len(options), *options, trustee_count)


def extended_base_hash(h_b, joint_key):
    return H(h_b, 0x12, joint_key)


# ---------------------------------------------------------------------------
# Section 5: proofs
# ---------------------------------------------------------------------------

def key_proof_holds(h_p, key, c, v):
    """Schnorr proof of possession: h' = v·G + c·K_i; H(H_P; 10, K_i, h') = c."""
    if key is None:
        return False
    h = mul2(v, G, c, key)
    return challenge(h_p, 0x10, key, h) == c


def range_proof_holds(h_e, K, j, alpha, beta, c0, c1, v0, v1):
    """Disjunctive Chaum–Pedersen: encrypts 0 or 1."""
    a0 = mul2(v0, G, c0, alpha)
    b0 = mul2(v0, K, c0, beta)
    a1 = mul2(v1, G, c1, alpha)
    b1 = mul2(v1, K, c1, sub(beta, G))
    return (c0 + c1) % N == challenge(h_e, 0x21, j, alpha, beta, a0, b0, a1, b1)


def sum_proof_holds(h_e, K, alphas, betas, c, v):
    """Chaum–Pedersen on (A, B − G): exactly one option."""
    A_ = point_sum(alphas)
    B_ = point_sum(betas)
    a = mul2(v, G, c, A_)
    b = mul2(v, K, c, sub(B_, G))
    return challenge(h_e, 0x22, A_, B_, a, b) == c


def decryption_proof_holds(h_e, j, key, A_j, B_j, M, c, v):
    """Chaum–Pedersen M = s·A_j: a = v·G + c·K_i, b = v·A_j + c·M."""
    a = mul2(v, G, c, key)
    b = mul2(v, A_j, c, M)
    return challenge(h_e, 0x30, j, key, A_j, B_j, M, a, b) == c


def discrete_log_small(T, limit):
    """Section 5 "Result": the t in [0, limit] with t·G = T (baby-step giant-step), or None."""
    m = int(limit ** 0.5) + 1
    baby = {}
    acc = None
    for i in range(m):
        baby.setdefault(acc, i)
        acc = add(acc, G)
    giant = neg(mul(m, G)) if m % N else None
    cur = T
    for q in range(m + 1):
        if cur in baby:
            t = q * m + baby[cur]
            return t if t <= limit else None
        cur = add(cur, giant)
    return None


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------

def count_words(count, one, many):
    """The count, then the noun in the singular for exactly one and in the plural for any other number."""
    return "%d %s" % (count, one if count == 1 else many)


class Report:
    def __init__(self):
        self.failed = False

    def check(self, ok, what):
        print(("PASS " if ok else "FAIL ") + what, flush=True)
        if not ok:
            self.failed = True
        return ok


class Abort(Exception):
    """A check failed that later checks depend on."""


# ---------------------------------------------------------------------------
# Section 6: strict JSON reading
# ---------------------------------------------------------------------------

class FormatError(Exception):
    pass


def _no_duplicates(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise FormatError("duplicate field %r" % k)
        obj[k] = v
    return obj


def _no_float(text):
    raise FormatError("number %s is not a whole number without fraction/exponent" % text)


def _int64(text):
    value = int(text)
    if not -2 ** 63 <= value < 2 ** 63:
        raise FormatError("number %s is beyond 64 bits" % text)
    return value


# Section 6: the limits on a record's JSON.
LARGEST_FILE = 67108864
MOST_DEPTH = 500
LONGEST_NAME = 50000
LONGEST_TEXT = 100000000


def _utf16_units(text):
    """Section 6 counts a text's length in UTF-16 code units: a character beyond U+FFFF counts as two."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _require_unicode(value, depth=1):
    """Section 3 "Text": a lone surrogate escape such as \\ud800 is not Unicode; and section 6's limits."""
    if isinstance(value, str):
        if _utf16_units(value) > LONGEST_TEXT:
            raise FormatError("a text is longer than %d characters" % LONGEST_TEXT)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise FormatError("a text has a lone surrogate, which is not Unicode")
    elif isinstance(value, (dict, list)):
        if depth > MOST_DEPTH:
            raise FormatError("objects and arrays are nested more than %d deep" % MOST_DEPTH)
        if isinstance(value, dict):
            for k, v in value.items():
                if _utf16_units(k) > LONGEST_NAME:
                    raise FormatError("a field name is longer than %d characters" % LONGEST_NAME)
                _require_unicode(k)
                _require_unicode(v, depth + 1)
        else:
            for v in value:
                _require_unicode(v, depth + 1)


def parse_json(data, name):
    """Section 6: at most 64 MiB, UTF-8, no BOM, one value, no duplicate fields, 64-bit whole numbers, Unicode texts.

    data is a bytearray, emptied once decoded so that its bytes and its text are not both kept while it is parsed;
    None for a file the zip gives more bytes than that, left unread."""
    if data is None or len(data) > LARGEST_FILE:
        # In the Java verifier's words, so that both name the same fault the same way.
        raise FormatError("%s is larger than %s bytes, the most a JSON file of a record may have"
                          % (name, format(LARGEST_FILE, ",")))
    try:
        try:
            text = data.decode("utf-8")  # a BOM is refused by json.loads
        finally:
            data.clear()
        doc = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_int64,
                         parse_float=_no_float, parse_constant=_no_float)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise FormatError("%s: %s" % (name, e))
    except FormatError as e:
        raise FormatError("%s: %s" % (name, e))
    try:
        _require_unicode(doc)
    except FormatError as e:
        raise FormatError("%s: %s" % (name, e))
    return doc


def get(obj, key, kind, where):
    """Fetch a field shown in the document, with its JSON type."""
    if not isinstance(obj, dict) or key not in obj:
        raise FormatError("%s: missing field %r" % (where, key))
    v = obj[key]
    ok = {"str": isinstance(v, str),
          "int": isinstance(v, int) and not isinstance(v, bool),
          "list": isinstance(v, list),
          "dict": isinstance(v, dict)}[kind]
    if not ok:
        raise FormatError("%s: field %r is not a %s" % (where, key, kind))
    return v


HEX_RE = re.compile(r"[0-9a-f]*\Z")


def get_hex(obj, key, nbytes, where):
    """Section 3 "Hex in JSON": lowercase, no prefix."""
    s = get(obj, key, "str", where)
    if len(s) != 2 * nbytes or not HEX_RE.match(s):
        raise FormatError("%s: %r is not %d bytes of lowercase hex" % (where, key, nbytes))
    return bytes.fromhex(s)


def get_point(obj, key, where, allow_identity=False):
    try:
        return decode_point(get_hex(obj, key, 33, where), allow_identity)
    except DecodeError as e:
        raise FormatError("%s: %r: %s" % (where, key, e))


def get_scalar(obj, key, where):
    try:
        return decode_scalar(get_hex(obj, key, 32, where))
    except DecodeError as e:
        raise FormatError("%s: %r: %s" % (where, key, e))


def expect_format(obj, value, where):
    if get(obj, "format", "str", where) != value:
        raise FormatError("%s: format is not %r" % (where, value))


# ---------------------------------------------------------------------------
# Checklist 1 / section 6: the zip
# ---------------------------------------------------------------------------

ENTRIES = ["election.json", "trustees.json", "ballots.txt", "tally.json", "shares.json", "result.json"]

# What reading a zip can raise, for a zip that is not one, a damaged entry, or a method zipfile cannot read.
ZIP_ERRORS = (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, zlib.error)

# How much of an entry is inflated at a time: a whole read inflates all its compressed bytes in one step, and a
# small zip can inflate to gigabytes.
PIECE = 1 << 16


def unreadable(rep, e):
    rep.check(False, "record.zip is a readable zip (%s)" % e)
    return Abort()


def whole(name, read, size):
    """zipfile stops where an entry's data ends and checks its CRC-32, but not that it had the size the zip's
    directory gives: a file shorter than that is damaged, as the Java verifier has it."""
    if read != size:
        raise zipfile.BadZipFile("%s has %d bytes, not the %d the zip gives it" % (name, read, size))


def open_zip(path, rep):
    try:
        return zipfile.ZipFile(path)
    except ZIP_ERRORS as e:
        raise unreadable(rep, e)


def read_json(z, name, rep):
    """Section 6: a JSON file of the record, read when its check comes to it, parsed and dropped with that check,
    so that one is held at a time.  Its bytes are read as they inflate, piece by piece, into a buffer of the size
    the zip's directory gives (zipfile reads no further, and checks the CRC-32 at the end); a file the zip gives
    more than LARGEST_FILE bytes is left unread, its check failing (FormatError)."""
    try:
        size = z.getinfo(name).file_size
        data = None
        if size <= LARGEST_FILE:
            data = bytearray(size)
            at = 0
            with z.open(name) as f, memoryview(data) as view:
                while piece := f.read(PIECE):
                    view[at:at + len(piece)] = piece
                    at += len(piece)
            whole(name, at, size)
    except ZIP_ERRORS as e:
        raise unreadable(rep, e)
    return parse_json(data, name)


def check_entries(z, rep):
    """Check the six entries: stored or deflated only, no duplicates, nothing else.  Each JSON file is read when its
    check comes to it (read_json), ballots.txt a line at a time (check_ballots)."""
    try:
        infos = z.infolist()
        names = [i.filename for i in infos]
        problems = []
        for name in ENTRIES:
            if names.count(name) != 1:
                problems.append("%s appears %d times" % (name, names.count(name)))
        extra = sorted(set(names) - set(ENTRIES))
        if extra:
            problems.append("unexpected entries %s" % extra)
        for i in infos:
            if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                problems.append("%s is neither stored nor deflated" % i.filename)
            if i.flag_bits & 1:
                problems.append("%s is encrypted" % i.filename)
    except ZIP_ERRORS as e:
        raise unreadable(rep, e)
    rep.check(not problems, "record.zip has exactly the six entries, stored or deflated"
              + ("" if not problems else " (%s)" % "; ".join(problems)))
    if any(names.count(name) != 1 for name in ENTRIES):
        raise Abort()


# ---------------------------------------------------------------------------
# Checklist 2: election.json (sections 2, 4, 6)
# ---------------------------------------------------------------------------

class Election:
    pass


def check_election(z, rep):
    e = Election()
    try:
        doc = read_json(z, "election.json", rep)
        expect_format(doc, "gp-action-ballot-record/1", "election.json")
        group = get(doc, "group", "dict", "election.json")
        e.election_id = get(doc, "electionId", "str", "election.json")
        e.question = get(doc, "question", "str", "election.json")
        e.options = get(doc, "options", "list", "election.json")
        if not all(isinstance(o, str) for o in e.options):
            raise FormatError("election.json: options are not all text")
        e.trustee_count_field = get(doc, "trusteeCount", "int", "election.json")
        stated_hp = get_hex(doc, "parameterHash", 32, "election.json")
        stated_hb = get_hex(doc, "baseHash", 32, "election.json")
        stated_k = get_point(doc, "jointPublicKey", "election.json")
        stated_he = get_hex(doc, "extendedBaseHash", 32, "election.json")
    except FormatError as err:
        rep.check(False, "election.json is well formed (%s)" % err)
        raise Abort()
    rep.check(True, "election.json is well formed")
    e.k = len(e.options)
    rep.check(1 <= e.k <= 1000, "election.json has 1..1000 options (%d)" % e.k)
    rep.check(all(e.options) and len(set(e.options)) == e.k,
              "election.json options are named, each differently")

    # Section 2 / 6: group compared field for field.
    rep.check(group == GROUP_TABLE, "election.json group is exactly the P-256 table of section 2")

    # Section 4: H_P.
    e.h_p = parameter_hash()
    rep.check(e.h_p.hex() == H_P_DOCUMENTED, "recomputed H_P equals the value stated in section 4")
    rep.check(stated_hp == e.h_p, "election.json parameterHash = H_P")
    e.stated = (stated_hb, stated_k, stated_he)
    return e


def check_election_hashes(e, trustee_keys, rep):
    """Checklist 2, second half: H_B, K, H_E need trustees.json (section 6)."""
    stated_hb, stated_k, stated_he = e.stated
    # Section 6: trusteeCount must equal the number of trustees.
    rep.check(e.trustee_count_field == len(trustee_keys),
              "election.json trusteeCount (%d) = number of trustees in trustees.json (%d)"
              % (e.trustee_count_field, len(trustee_keys)))
    e.h_b = base_hash(e.h_p, e.election_id, e.question, e.options, len(trustee_keys))
    rep.check(stated_hb == e.h_b, "election.json baseHash = H_B")
    e.K = point_sum(trustee_keys)
    if not rep.check(e.K is not None, "joint key K is not the identity"):
        raise Abort()
    rep.check(stated_k == e.K, "election.json jointPublicKey = K_1 + K_2 + …")
    e.h_e = extended_base_hash(e.h_b, e.K)
    rep.check(stated_he == e.h_e, "election.json extendedBaseHash = H_E")


# ---------------------------------------------------------------------------
# Checklist 2: trustees.json (sections 5, 6)
# ---------------------------------------------------------------------------

def check_trustees(z, e, rep):
    try:
        doc = read_json(z, "trustees.json", rep)
        expect_format(doc, "gp-action-ballot-record/1", "trustees.json")
        items = get(doc, "trustees", "list", "trustees.json")
        trustees = []
        for i, t in enumerate(items, 1):
            where = "trustees.json trustee %d" % i
            expect_format(t, "gp-action-trustee-public-key/1", where)
            key = get_point(t, "publicKey", where)
            proof = get(t, "proof", "dict", where)
            c = get_scalar(proof, "challenge", where)
            v = get_scalar(proof, "response", where)
            trustees.append((key, c, v))
    except FormatError as err:
        rep.check(False, "trustees.json is well formed (%s)" % err)
        raise Abort()
    rep.check(True, "trustees.json is well formed (%s)" % count_words(len(trustees), "trustee", "trustees"))
    keys = [t[0] for t in trustees]
    # Section 6: a key listed twice would let one share stand for two.
    rep.check(len(set(keys)) == len(keys), "trustees' public keys are distinct")
    for i, (key, c, v) in enumerate(trustees, 1):
        rep.check(key_proof_holds(e.h_p, key, c, v),
                  "trustee %d (%s…) proof of possession" % (i, encode_point(key).hex()[:16]))
    return keys


# ---------------------------------------------------------------------------
# Checklist 3: ballots.txt (sections 3, 5, 6)
# ---------------------------------------------------------------------------

LINE_RE = re.compile(rb"([0-9a-f]{64}) ([A-Za-z0-9_-]*)\Z")
# Section 6: a tracker, a space and the base64url of the longest ballot there can be (1,000 options).
LONGEST_LINE = 344155
# How many wrong lines are named, the rest counted, as the Java verifier does: a small zip can hold millions.
MOST_LINES_SHOWN = 20


def decode_base64url(text):
    """RFC 4648 §5 without padding; canonical (re-encodes to the same text)."""
    if len(text) % 4 == 1:
        raise ValueError("impossible base64 length")
    raw = base64.urlsafe_b64decode(text + b"=" * (-len(text) % 4))
    if base64.urlsafe_b64encode(raw).rstrip(b"=") != text:
        raise ValueError("non-canonical base64url")
    return raw


def classify_ballot(raw, e, counted_alpha0):
    """Section 5 "counted": returns (cts, None) if counted, (None, reason) if spoilt."""
    try:
        k, cts, c, v = decode_ballot(raw)
    except DecodeError as err:
        return None, "does not decode: %s" % err
    if k != e.k:
        return None, "has %s, the election has %s" % (count_words(k, "ciphertext", "ciphertexts"),
                                                      count_words(e.k, "option", "options"))
    for j, (alpha, beta, c0, c1, v0, v1) in enumerate(cts):
        if not range_proof_holds(e.h_e, e.K, j, alpha, beta, c0, c1, v0, v1):
            return None, "range proof of option %d fails" % j
    if not sum_proof_holds(e.h_e, e.K, [ct[0] for ct in cts], [ct[1] for ct in cts], c, v):
        return None, "sum proof fails"
    if cts[0][0] in counted_alpha0:
        return None, "alpha_0 repeats that of counted ballot %d" % counted_alpha0[cts[0][0]]
    return cts, None


def ballot_lines(z, rep):
    """ballots.txt's lines as they inflate, each (its bytes without the LF, whether an LF ended it); an empty
    ballots.txt has none, and a last line is one only if it has a byte.  Of a line longer than any ballot's only
    its first LONGEST_LINE + 1 bytes are kept, the rest read and dropped, so that no line, however long, fills
    the memory."""
    try:
        with z.open("ballots.txt") as f:
            line = b""
            read = 0
            while True:
                piece = f.read(PIECE)
                if not piece:
                    break
                read += len(piece)
                start = 0
                while True:
                    end = piece.find(b"\n", start)
                    room = LONGEST_LINE + 1 - len(line)
                    if end < 0:
                        line += piece[start:start + room]
                        break
                    yield line + piece[start:min(end, start + room)], True
                    line = b""
                    start = end + 1
            whole("ballots.txt", read, z.getinfo("ballots.txt").file_size)
            if line:
                yield line, False
    except ZIP_ERRORS as e:
        raise unreadable(rep, e)


def check_ballots(z, e, tracker, rep):
    """Returns (found [(position, counted?)] of the lines that hold tracker, counted,
    spoilt [(position, tracker hex, reason)], totals).

    Section 6: a line that is not exactly <64 lowercase hex> <space> <base64url> <LF>, or whose
    tracker is not the SHA-256 of its ballot, fails the record (it is not "spoilt"); it still
    takes its position.  Section 5: a ballot that does not decode, or whose proofs fail, or
    that repeats a counted ballot's alpha_0, is spoilt and the record can still verify.

    ballots.txt is read a line at a time and the totals added up as it goes, so memory grows with
    neither the lines nor the ballots but for the alpha_0 of each counted ballot and a note of each
    spoilt one.  Its faults are named in one FAIL line once it is read, the first 20 of them and how
    many more, in the Java verifier's words.
    """
    counted_alpha0 = {}
    spoilt = []
    found = []
    sums = [(O, O)] * e.k
    bad_lines = 0
    named = []
    lines = 0

    def wrong(what):
        nonlocal bad_lines
        bad_lines += 1
        if len(named) < MOST_LINES_SHOWN:
            named.append("ballots.txt " + what)

    for pos, (line, ended) in enumerate(ballot_lines(z, rep), 1):
        lines = pos
        if not ended:
            wrong("line %d does not end with a line feed" % pos)
        m = LINE_RE.match(line) if len(line) <= LONGEST_LINE else None
        raw = None
        if m:
            try:
                raw = decode_base64url(m.group(2))
            except ValueError:
                pass
        if raw is None:
            wrong("line %d is not <64 lowercase hex> <space> <base64url without padding>, at most %d bytes"
                  % (pos, LONGEST_LINE))
            continue
        line_tracker = m.group(1).decode()
        if hashlib.sha256(raw).hexdigest() != line_tracker:
            wrong("line %d: tracker %s… is not the SHA-256 of its ballot" % (pos, line_tracker[:16]))
        cts, reason = classify_ballot(raw, e, counted_alpha0)
        if line_tracker == tracker:
            found.append((pos, cts is not None))
        if cts is None:
            spoilt.append((pos, line_tracker, reason))
            rep.check(True, "ballot %d (tracker %s…) is SPOILT, not counted: %s"
                      % (pos, line_tracker[:16], reason))
            continue
        counted_alpha0[cts[0][0]] = pos
        sums = [(add(a, ct[0]), add(b, ct[1])) for (a, b), ct in zip(sums, cts)]
    if not bad_lines:
        rep.check(True, "every line of ballots.txt is a tracker and its ballot (%s)"
                  % count_words(lines, "line", "lines"))
    else:
        more = bad_lines - len(named)
        rep.check(False, "%s wrong: %s" % (count_words(bad_lines, "ballot line is", "ballot lines are"),
                                           "; ".join(named) + ("; and %d more" % more if more else "")))
    rep.check(True, "recounted: %s counted, %d spoilt at %s %s"
              % (count_words(len(counted_alpha0), "ballot", "ballots"), len(spoilt),
                 "position" if len(spoilt) == 1 else "positions", [p for p, _, _ in spoilt]))
    return found, len(counted_alpha0), spoilt, sums


# ---------------------------------------------------------------------------
# Checklist 4: tally.json (section 6)
# ---------------------------------------------------------------------------

def check_tally(z, e, counted, spoilt, totals, rep):
    try:
        doc = read_json(z, "tally.json", rep)
        expect_format(doc, "gp-action-encrypted-tally/1", "tally.json")
        stated_count = get(doc, "ballotsCounted", "int", "tally.json")
        stated_spoilt = []
        for i, s in enumerate(get(doc, "spoilt", "list", "tally.json"), 1):
            where = "tally.json spoilt %d" % i
            get(s, "reason", "str", where)  # required, but its words are not compared
            stated_spoilt.append((get(s, "position", "int", where),
                                  get_hex(s, "tracker", 32, where).hex()))
        stated_totals = []
        for i, t in enumerate(get(doc, "totals", "list", "tally.json")):
            where = "tally.json totals %d" % i
            stated_totals.append((get(t, "option", "int", where),
                                  get_point(t, "alpha", where, allow_identity=True),
                                  get_point(t, "beta", where, allow_identity=True)))
    except FormatError as err:
        rep.check(False, "tally.json is well formed (%s)" % err)
        return
    rep.check(True, "tally.json is well formed")
    rep.check(stated_count == counted,
              "tally.json ballotsCounted %d = recounted %d" % (stated_count, counted))
    ok = stated_spoilt == [(p, t) for p, t, _ in spoilt]
    rep.check(ok, "tally.json spoilt positions and trackers = recomputed %s" % [p for p, _, _ in spoilt]
              + ("" if ok else " (the file says %s)" % [p for p, _ in stated_spoilt]))
    if not rep.check(len(stated_totals) == e.k, "tally.json has one total per option"):
        return
    for j, (opt, a, b) in enumerate(stated_totals):
        rep.check(opt == j and (a, b) == totals[j],
                  "tally.json total of option %d = recomputed sum of counted ballots" % j)


# ---------------------------------------------------------------------------
# Checklist 5: shares.json (sections 5, 6)
# ---------------------------------------------------------------------------

def check_shares(z, e, keys, totals, rep):
    """Returns {trustee key: [M_i0 …]} of verified shares, or None."""
    try:
        doc = read_json(z, "shares.json", rep)
        expect_format(doc, "gp-action-ballot-record/1", "shares.json")
        shares = []
        for i, s in enumerate(get(doc, "shares", "list", "shares.json"), 1):
            where = "shares.json share %d" % i
            expect_format(s, "gp-action-decryption-share/1", where)
            he = get_hex(s, "extendedBaseHash", 32, where)
            key = get_point(s, "publicKey", where)
            parts = []
            for q in get(s, "parts", "list", where):
                parts.append((get(q, "option", "int", where),
                              get_point(q, "share", where, allow_identity=True),
                              get_scalar(q, "challenge", where),
                              get_scalar(q, "response", where)))
            shares.append((he, key, parts))
    except FormatError as err:
        rep.check(False, "shares.json is well formed (%s)" % err)
        return None
    rep.check(True, "shares.json is well formed (%s)" % count_words(len(shares), "share", "shares"))
    strangers = [s for s in shares if s[1] not in keys]
    rep.check(not strangers, "every share is from a trustee in trustees.json")
    result = {}
    all_ok = not strangers
    for i, key in enumerate(keys, 1):
        mine = [s for s in shares if s[1] == key]
        name = "trustee %d (%s…)" % (i, encode_point(key).hex()[:16])
        if not rep.check(len(mine) == 1, "exactly one share from %s (found %d)" % (name, len(mine))):
            all_ok = False
            continue
        he, _, parts = mine[0]
        ok = rep.check(he == e.h_e, "share of %s is for H_E" % name)
        if len(parts) != e.k:
            # In the Java verifier's words, so that both name the same fault the same way.
            ok &= rep.check(False, "trustee %d's decryption share has %s, not %d"
                            % (i, count_words(len(parts), "part", "parts"), e.k))
        else:
            ok &= rep.check([q[0] for q in parts] == list(range(e.k)),
                            "share of %s has one part per option, in order" % name)
        if ok:
            for j, (_, M, c, v) in enumerate(parts):
                ok &= rep.check(decryption_proof_holds(e.h_e, j, key, totals[j][0], totals[j][1], M, c, v),
                                "share of %s, option %d: decryption proof holds against recomputed totals"
                                % (name, j))
        all_ok &= ok
        result[key] = [q[1] for q in parts]
    return result if all_ok else None


# ---------------------------------------------------------------------------
# Checklist 6: combine, solve, compare with result.json (sections 5, 6)
# ---------------------------------------------------------------------------

def check_result(z, e, keys, shares, totals, counted, spoilt, rep):
    votes = []
    for j in range(e.k):
        T = sub(totals[j][1], point_sum(shares[key][j] for key in keys))
        t = discrete_log_small(T, counted)
        if not rep.check(t is not None,
                         "option %d (%s): B - sum of shares = t*G for t in [0, %d] (t = %s)"
                         % (j, e.options[j], counted, t)):
            return
        votes.append(t)
    # Section 5: implied by the sum proofs, so it cannot fail when they hold; checked anyway.
    rep.check(sum(votes) == counted, "votes add up to ballots counted (%d)" % counted)
    rep.check(True, "the shares decrypt the totals to: "
              + ", ".join("%s %d" % (e.options[j], votes[j]) for j in range(e.k)))
    expected = {
        "format": "gp-action-result/1",
        "electionId": e.election_id,
        "question": e.question,
        "ballotsCounted": counted,
        "ballotsSpoilt": len(spoilt),
        "results": [{"option": j, "name": e.options[j], "votes": votes[j]} for j in range(e.k)],
    }
    try:
        doc = read_json(z, "result.json", rep)
    except FormatError as err:
        rep.check(False, "result.json is well formed (%s)" % err)
        return
    rep.check(True, "result.json is well formed")
    for key in expected:
        ok = key in doc and same_json(doc[key], expected[key])
        found = json.dumps(doc[key], ensure_ascii=False) if key in doc else "(missing)"
        rep.check(ok, "result.json %s = %s" % (key, json.dumps(expected[key], ensure_ascii=False))
                  + ("" if ok else " (the file says %s)" % found))
    extra = sorted(set(doc) - set(expected)) if isinstance(doc, dict) else ["(not an object)"]
    rep.check(not extra, "result.json has no other fields" + (" (found %s)" % extra if extra else ""))


def same_json(a, b):
    """Equality that does not confuse true with 1."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_json(a[x], b[x]) for x in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return a == b


# ---------------------------------------------------------------------------
# Checklist 7 / section 8: --tracker
# ---------------------------------------------------------------------------

def parse_tracker(text):
    """Section 8: 64 hex characters or 52 base32 characters, any case, spaces and hyphens
    anywhere ignored; the 4 spare bits of the last base32 character are ignored."""
    s = re.sub(r"[\s-]", "", text, flags=re.ASCII)
    if re.fullmatch(r"[0-9a-fA-F]{64}", s):
        return s.lower()
    s = s.upper()
    if not re.fullmatch(r"[A-Z2-7]{52}", s):
        return None
    return base64.b32decode(s + "====")[:32].hex()


def voter_form(tracker_hex):
    s = base64.b32encode(bytes.fromhex(tracker_hex)).decode().rstrip("=")
    return "-".join(s[i:i + 4] for i in range(0, len(s), 4))


def check_tracker(tracker_hex, where, rep):
    """Sections 1 and 8: is the voter's ballot in the record, and counted?  where: [(position, counted?)]
    of the lines that hold it."""
    desc = ", ".join("line %d %s" % (pos, "counted" if c else "spoilt") for pos, c in where)
    name = voter_form(tracker_hex)
    if rep.check(bool(where), "tracker %s is in the record%s" % (name, " (%s)" % desc if where else "")):
        rep.check(any(c for _, c in where), "tracker %s: its ballot is counted" % name)


# ---------------------------------------------------------------------------
# Section 8: --joint-key
# ---------------------------------------------------------------------------

def parse_joint_key(text):
    """Section 8: the ballot's joint key as its pages give it, 66 hex digits in either case, spaces anywhere
    ignored, that are a point of P-256 (not O); None if it is not one."""
    key = re.sub(r"\s", "", text, flags=re.ASCII).lower()
    if not re.fullmatch(r"[0-9a-f]{66}", key):
        return None
    try:
        decode_point(bytes.fromhex(key))
    except DecodeError:
        return None
    return key


def check_joint_key(given, e, rep):
    """Section 8: the record's ballots are encrypted to K, the sum of the keys in trustees.json, and a record made
    afresh with other keys verifies against its own: only the key the voter was given tells them apart.  In the
    Java verifier's words, so that both say the same."""
    K = getattr(e, "K", None)
    if K is None:
        rep.check(False, "the joint key given with --joint-key cannot be compared: the record's keys cannot be read")
        return
    recorded = encode_point(K).hex()
    if recorded == given:
        rep.check(True, "the record's joint key is %s, the one given with --joint-key" % given)
    else:
        rep.check(False, "the record's joint key is %s, not %s, the one given with --joint-key: its ballots were"
                         " encrypted to another key than the one given" % (recorded, given))


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def usage(msg):
    print("usage: python3 verify.py record.zip [--tracker TRACKER] [--joint-key KEY]\n"
          "  KEY: the ballot's joint key, as its result page and the scrutineer's report give it\n" + msg,
          file=sys.stderr)
    sys.exit(2)


def parse_args(argv):
    """Section 8: record.zip, then each of --tracker CODE and --joint-key KEY at most once, in either order,
    or nothing; anything else is misuse."""
    if not argv or argv[0].startswith("--"):
        usage("the record's path is needed")
    options = {}
    for i in range(1, len(argv), 2):
        if argv[i] not in ("--tracker", "--joint-key") or i + 1 == len(argv) or argv[i] in options:
            usage("give the record's path, then --tracker CODE, --joint-key KEY, both or nothing")
        options[argv[i]] = argv[i + 1]
    path = argv[0]
    tracker = None
    if "--tracker" in options:
        tracker = parse_tracker(options["--tracker"])
        if tracker is None:
            usage("--tracker: not 64 hex characters nor 52 base32 characters (A-Z, 2-7)")
    joint_key = None
    if "--joint-key" in options:
        joint_key = parse_joint_key(options["--joint-key"])
        if joint_key is None:
            usage("--joint-key must be the ballot's joint key as its pages give it, 66 hexadecimal digits that"
                  " are a point of P-256, not %s" % options["--joint-key"])
    if not os.path.isfile(path):
        usage("there is no file %s" % path)
    return path, tracker, joint_key


def verify(path, tracker, joint_key):
    rep = Report()
    e = None
    try:
        with open_zip(path, rep) as z:
            check_entries(z, rep)                                        # checklist 1
            e = check_election(z, rep)                                   # checklist 2
            keys = check_trustees(z, e, rep)                             # checklist 2
            check_election_hashes(e, keys, rep)                          # checklist 2
            found, counted, spoilt, totals = check_ballots(z, e, tracker, rep)  # checklist 3
            check_tally(z, e, counted, spoilt, totals, rep)              # checklist 4
            shares = check_shares(z, e, keys, totals, rep)               # checklist 5
            if shares is None:
                rep.check(False, "result can be decrypted (not every share verified)")
            else:
                check_result(z, e, keys, shares, totals, counted, spoilt, rep)  # checklist 6
        if tracker is not None:
            check_tracker(tracker, found, rep)                           # checklist 7
    except Abort:
        rep.failed = True
    if joint_key is not None:
        check_joint_key(joint_key, e, rep)                               # section 8
    return not rep.failed


def main(argv):
    path, tracker, joint_key = parse_args(argv)
    start = time.monotonic()
    ok = verify(path, tracker, joint_key)
    print("(%.1f s)" % (time.monotonic() - start), file=sys.stderr)
    print("VERIFIED" if ok else "NOT VERIFIED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
