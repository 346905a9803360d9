#!/usr/bin/env python3
"""Writes the certificates of PEM bundles as DER, back to back, in their order: the form
net::tls::TlsConfig::ca_in_place parses where it lies (in flash) without a copy.

Usage: pem_to_der.py OUT.der IN.pem [IN.pem...]
"""
import os
import re
import ssl
import sys

CERT = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


def main():
    out, inputs = sys.argv[1], sys.argv[2:]
    der = b""
    for path in inputs:
        with open(path, encoding="ascii") as f:
            found = CERT.findall(f.read())
        if not found:
            sys.exit(f"pem_to_der: no certificate in {path}")
        der += b"".join(ssl.PEM_cert_to_DER_cert(pem) for pem in found)
    with open(out + ".tmp", "wb") as f:
        f.write(der)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main()
