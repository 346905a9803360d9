# The outbox (firmware/outbox/SPEC.md): mount of an arbitrary flash image, then reads and
# one accept. A longer run than the ctest smoke run:
#   cmake --preset fuzz && cmake --build --preset fuzz --target fuzz_outbox_mount
#   build/fuzz/tests/fuzz/fuzz_outbox_mount -max_total_time=600 -max_len=8192 \
#       build/fuzz/tests/fuzz/corpus_outbox_mount tests/fuzz/seeds/outbox_mount
parley_add_fuzzer(outbox_mount outbox_mount_fuzz.cpp
                  "${CMAKE_CURRENT_SOURCE_DIR}/../support/fake_flash.cpp"
                  LIBS parley_outbox)

# Regenerates the seed images after a format change (not a test):
#   build/fuzz/tests/fuzz/outbox_seed_generator tests/fuzz/seeds/outbox_mount
add_executable(outbox_seed_generator outbox_seed_generator.cpp
                                     "${CMAKE_CURRENT_SOURCE_DIR}/../support/fake_flash.cpp")
parley_strict(outbox_seed_generator)
target_link_libraries(outbox_seed_generator PRIVATE parley_outbox)
