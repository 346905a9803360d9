# The Debian package of the host apps (docs/packaging-deb.md): `cpack --preset deb` after
# `cmake --preset deb && cmake --build --preset deb`. Included from the top-level
# CMakeLists.txt when this project is the top-level project and builds for the host.
#
# The package holds the install component `apps` and nothing else: parley-ticket and
# parley-kiosk with their man pages (boards/host/CMakeLists.txt), and here the files
# Debian wants in /usr/share/doc/parley-client (copyright, changelog.Debian.gz), the
# example configuration and the lintian overrides with their reasons. Libraries,
# headers and the third-party projects' own install rules are in other components and
# stay out. The version is project(VERSION), the one place for it.
include(GNUInstallDirs)

set(PARLEY_DEB_PACKAGE parley-client)
set(PARLEY_DEB_RELEASE 1 CACHE STRING "Debian revision of the parley-client package")
set(PARLEY_DEB_MAINTAINER
    "Parley client maintainers <maintainers@users.noreply.r-seed-d2b3a590.example>"
    CACHE STRING "Maintainer of the Debian package (\"Name <address>\")")
set(PARLEY_DEB_VERSION "${PROJECT_VERSION}-${PARLEY_DEB_RELEASE}")
set(parley_deb_doc "${CMAKE_INSTALL_DATAROOTDIR}/doc/${PARLEY_DEB_PACKAGE}")

# /usr/share/doc/parley-client: copyright (machine-readable), the Debian changelog
# (gzipped, as Debian wants it), the example configuration.
configure_file("${PROJECT_SOURCE_DIR}/packaging/deb/changelog.Debian.in"
               "deb/changelog.Debian" @ONLY)
find_program(PARLEY_GZIP gzip REQUIRED)
add_custom_command(OUTPUT deb/changelog.Debian.gz
                   COMMAND "${PARLEY_GZIP}" -9n -c deb/changelog.Debian > deb/changelog.Debian.gz
                   DEPENDS "${CMAKE_BINARY_DIR}/deb/changelog.Debian"
                   COMMENT "Compressing changelog.Debian" VERBATIM)
add_custom_target(parley-deb-docs ALL DEPENDS "${CMAKE_BINARY_DIR}/deb/changelog.Debian.gz")
install(FILES "${PROJECT_SOURCE_DIR}/packaging/deb/copyright"
              "${CMAKE_BINARY_DIR}/deb/changelog.Debian.gz"
        DESTINATION "${parley_deb_doc}" COMPONENT apps)
install(FILES "${PROJECT_SOURCE_DIR}/examples/config/parley.conf"
        DESTINATION "${parley_deb_doc}/examples" COMPONENT apps)
install(FILES "${PROJECT_SOURCE_DIR}/packaging/deb/lintian-overrides"
        DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides"
        RENAME "${PARLEY_DEB_PACKAGE}" COMPONENT apps)

# ---- CPack: one .deb of the `apps` component ------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME "${PARLEY_DEB_PACKAGE}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${PARLEY_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/package")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL apps)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)

set(CPACK_DEBIAN_PACKAGE_NAME "${PARLEY_DEB_PACKAGE}")
set(CPACK_DEBIAN_PACKAGE_RELEASE "${PARLEY_DEB_RELEASE}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${PARLEY_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from dpkg-shlibdeps (libc6, libstdc++6, ...)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "service-desk chat and tickets for kiosks over KPN's Parley API
Two programs that let a kiosk terminal or another Linux device talk to a
company's service desk through KPN's Secure Messenger - Parley API:
 * parley-kiosk: an interactive chat on the terminal, with agent names,
   quick replies, attachments and the typing indicator;
 * parley-ticket: opens a fault-report ticket and waits for the reply.
.
Both authenticate with OAuth 2.0 client credentials (or a Parley account
secret) stored encrypted in a flash image file, keep messages in a
power-loss-safe outbox while the network is away, and speak TLS only, with
the certificate chain and the host name always verified.")

include(CPack)
