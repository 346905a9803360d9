# net/http and net/url parsers (included by tests/fuzz/CMakeLists.txt).
parley_add_fuzzer(http_response http_response_fuzz.cpp LIBS parley_http)
parley_add_fuzzer(http_url http_url_fuzz.cpp LIBS parley_url)
