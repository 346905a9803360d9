# The host apps' inputs (boards/host): the --config file and the provisioning input.
parley_add_fuzzer(host_config host_config_fuzz.cpp LIBS parley_host)
parley_add_fuzzer(host_credentials host_credentials_fuzz.cpp LIBS parley_host)
