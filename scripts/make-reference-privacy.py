#!/usr/bin/env python3
"""References for privacy (Tests/SegEngineTests/PrivacyTests): keyed pseudonyms from Python's
hmac (HMAC-SHA256, hex); encrypted files made by the cryptography package (HKDF-SHA256 subkeys,
the nonce from HMAC-SHA256 of the content, AES-256-GCM with the header as associated data,
docs/encrypted-files.md), and NIST's AES-256-GCM vector checked with it; and which texts are card numbers (python-stdnum's Luhn), IBANs
(stdnum's ISO 7064 mod 97-10 on the rearranged number) and IPv4 addresses (ipaddress), on
seeded generated texts and their one-character mutations. Writes
Tests/SegEngineTests/Reference/privacy.json."""
import hmac, hashlib, ipaddress, json, os, random, subprocess, sys

try:
    from stdnum import luhn
    from stdnum.iso7064 import mod_97_10
    import cryptography
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "python-stdnum", "cryptography"])
    from stdnum import luhn
    from stdnum.iso7064 import mod_97_10
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "Tests", "SegEngineTests", "Reference", "privacy.json")
rng = random.Random(20)

key = "seg-reference-key-0123456789"
ids = [str(i) for i in range(1, 40)] + ["ada.example1@example.com", "+44 7700 900123", "Zoë Ünïcode", ""]
pseudonyms = [{"text": t, "hex": hmac.new(key.encode(), t.encode(), hashlib.sha256).hexdigest()} for t in ids]

def mutate(s):
    i = rng.randrange(len(s))
    c = rng.choice("0123456789") if s[i].isdigit() else rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return s[:i] + c + s[i + 1:]

def with_luhn(prefix_len):
    digits = "".join(rng.choice("0123456789") for _ in range(prefix_len - 1))
    return digits + luhn.calc_check_digit(digits)

ibans = ["GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606",
         "NL91ABNA0417164300", "ES9121000418450200051332", "IT60X0542811101000000123456", "BE68539007547034"]
cards, iban_cases, ips = [], [], []
for _ in range(120):
    c = with_luhn(rng.choice([13, 15, 16, 19]))
    for text in (c, mutate(c)):
        cards.append({"text": text, "valid": luhn.is_valid(text)})
for base in ibans:
    for text in [base] + [mutate(base) for _ in range(15)]:
        rearranged = text[4:] + text[:4]
        numeric = "".join(str(int(ch, 36)) for ch in rearranged)
        iban_cases.append({"text": text, "valid": mod_97_10.is_valid(numeric)})
for _ in range(200):
    parts = [str(rng.choice([rng.randrange(256), rng.randrange(1000), 0])) for _ in range(rng.choice([3, 4, 4, 4, 5]))]
    if rng.random() < 0.1:
        parts[0] = "0" + parts[0]
    text = ".".join(parts)
    try:
        ipaddress.IPv4Address(text)
        valid = True
    except ValueError:
        valid = False
    ips.append({"text": text, "valid": valid})

# NIST's GCM test case 16 (AES-256, with associated data), as cryptography computes it.
nist = {"key": "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        "iv": "cafebabefacedbaddecaf888", "aad": "feedfacedeadbeeffeedfacedeadbeefabaddad2",
        "plain": "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"}
sealed = AESGCM(bytes.fromhex(nist["key"])).encrypt(bytes.fromhex(nist["iv"]), bytes.fromhex(nist["plain"]), bytes.fromhex(nist["aad"]))
assert sealed.hex() == ("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                        "76fc6ece0f4e1768cddf8853bb2d551b"), "cryptography disagrees with NIST"
nist["sealed"] = sealed.hex()

header = b"seg encrypted file: AES-256-GCM v1\n"
def seg_seal(master_hex, plain):
    master = bytes.fromhex(master_hex)
    sub = lambda info: HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)
    nonce = hmac.new(sub(b"seg file nonce"), plain, hashlib.sha256).digest()[:12]
    return header + nonce + AESGCM(sub(b"seg file encryption")).encrypt(nonce, plain, header)
file_key = "".join(rng.choice("0123456789abcdef") for _ in range(64))
files = [{"plain": t, "sealed": seg_seal(file_key, t.encode()).hex()}
         for t in ["", "customer_id,email\n1,ada@example.com\n", "x" * 1000]]

json.dump({"nist": nist, "file_key": file_key, "files": files, "key": key, "pseudonyms": pseudonyms, "cards": cards, "ibans": iban_cases, "ipv4": ips}, open(out, "w"), indent=1)
print("wrote", out)
