# The messenger's page handling (firmware/messenger) against a service answering from
# the input, on the real outbox and settings over NOR fakes; oracle: no id twice, ids
# ascending, and (consistent service) every message delivered. A longer run:
#   build/fuzz/tests/fuzz/fuzz_messenger -max_total_time=300 -max_len=8192 \
#       build/fuzz/tests/fuzz/corpus_messenger tests/fuzz/seeds/messenger
parley_add_fuzzer(messenger messenger_fuzz.cpp
                  "${CMAKE_CURRENT_SOURCE_DIR}/../support/fake_flash.cpp"
                  LIBS parley_messenger parley_tls)
