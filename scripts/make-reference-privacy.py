#!/usr/bin/env python3
"""References for privacy (Tests/SegEngineTests/PrivacyTests): keyed pseudonyms from Python's
hmac (HMAC-SHA256, hex), and which texts are card numbers (python-stdnum's Luhn), IBANs
(stdnum's ISO 7064 mod 97-10 on the rearranged number) and IPv4 addresses (ipaddress), on
seeded generated texts and their one-character mutations. Writes
Tests/SegEngineTests/Reference/privacy.json."""
import hmac, hashlib, ipaddress, json, os, random, subprocess, sys

try:
    from stdnum import luhn
    from stdnum.iso7064 import mod_97_10
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "python-stdnum"])
    from stdnum import luhn
    from stdnum.iso7064 import mod_97_10

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

json.dump({"key": key, "pseudonyms": pseudonyms, "cards": cards, "ibans": iban_cases, "ipv4": ips}, open(out, "w"), indent=1)
print("wrote", out)
