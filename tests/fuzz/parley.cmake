# net/parley parsers (included by tests/fuzz/CMakeLists.txt): the streamed message-list
# reader, the envelope and small-response readers, the message decoder on one element.
parley_add_fuzzer(parley_message_page parley_message_page_fuzz.cpp LIBS parley_parley)
parley_add_fuzzer(parley_envelope parley_envelope_fuzz.cpp LIBS parley_parley)
parley_add_fuzzer(parley_message parley_message_fuzz.cpp LIBS parley_parley)
parley_add_fuzzer(parley_legacy_image parley_legacy_image_fuzz.cpp LIBS parley_parley)
