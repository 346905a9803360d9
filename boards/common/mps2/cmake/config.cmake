# The emulated boards' compile-time options for every library of their cross build
# (included by boards/<board>/config.cmake; docs/porting.md §4). Their images are the
# ticket app and the self-test: neither sends read receipts nor asks for the unread count
# (the ticket app exits at its reply), nor downloads attachments, so that code stays out
# of the image; and neither lists carousel items (the ticket console prints the reply's
# text), so a Message keeps none (they are still counted) and the 1.4 KB of RAM they
# would take stays free.
add_compile_definitions(PARLEY_MESSENGER_RECEIPTS=0 PARLEY_MESSENGER_DOWNLOADS=0
                        PARLEY_PARLEY_MAX_CAROUSEL_ITEMS=0)
