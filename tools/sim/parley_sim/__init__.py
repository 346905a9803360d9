"""parley_sim: a local stand-in for KPN's Secure Messenger - Parley API.

Python 3 standard library only, so that it runs wherever the project's tests run and
so that its TLS comes from the system's OpenSSL - a stack independent of the mbedTLS
client under test (docs/design.md §8). See tools/sim/README.md for the contract.
"""

VERSION = "1.0"
