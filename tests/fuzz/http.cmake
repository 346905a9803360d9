# net/http and net/url parsers (included by tests/fuzz/CMakeLists.txt).
parley_add_fuzzer(http_response http_response_fuzz.cpp LIBS parley_http)
parley_add_fuzzer(http_url http_url_fuzz.cpp LIBS parley_url)
# HttpClient's connection state machine over a fuzzed transport script (fuzz_socket.h):
# six exchanges on one client; bounded socket calls, documented statuses, bodies within
# buffer and Content-Length, no POST sent twice. A longer run:
#   build/fuzz/tests/fuzz/fuzz_http_client -max_total_time=300 -max_len=8192 \
#       build/fuzz/tests/fuzz/corpus_http_client tests/fuzz/seeds/http_client
parley_add_fuzzer(http_client http_client_fuzz.cpp fuzz_socket.cpp LIBS parley_http)
