# The settings store (firmware/settings/SPEC.md): mount of an arbitrary flash image.
# A longer run than the ctest smoke run (see firmware/settings/SPEC.md "Testing"):
#   build/fuzz/tests/fuzz/fuzz_store_mount -max_total_time=600 -max_len=8192 \
#       build/fuzz/tests/fuzz/corpus_store_mount tests/fuzz/seeds/store_mount
parley_add_fuzzer(store_mount store_mount_fuzz.cpp
                  "${CMAKE_CURRENT_SOURCE_DIR}/../support/fake_flash.cpp"
                  LIBS parley_settings parley_tls)

# Regenerates the seed images after a format change (not a test):
#   build/fuzz/tests/fuzz/store_seed_generator tests/fuzz/seeds/store_mount
add_executable(store_seed_generator store_seed_generator.cpp
                                    "${CMAKE_CURRENT_SOURCE_DIR}/../support/fake_flash.cpp")
parley_strict(store_seed_generator)
target_link_libraries(store_seed_generator PRIVATE parley_settings parley_tls)

# The settings payload decoders on arbitrary plaintext (after decryption): kCorrupt or
# values within the SPEC.md bounds, and encode(decode(x)) == x. A longer run:
#   build/fuzz/tests/fuzz/fuzz_settings_codec -max_total_time=300 -max_len=8192 \
#       build/fuzz/tests/fuzz/corpus_settings_codec tests/fuzz/seeds/settings_codec
parley_add_fuzzer(settings_codec settings_codec_fuzz.cpp LIBS parley_settings)
