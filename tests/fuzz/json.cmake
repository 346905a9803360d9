# net/json (included by tests/fuzz/CMakeLists.txt): the streaming push parser on its own.
parley_add_fuzzer(json_stream json_stream_fuzz.cpp LIBS parley_json)
