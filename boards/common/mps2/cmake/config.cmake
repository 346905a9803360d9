# The emulated boards' compile-time options for every library of their cross build
# (included by boards/<board>/config.cmake; docs/porting.md §4). Their images are the
# ticket app and the self-test, and the ticket app's console prints who replied and the
# reply's text, nothing else:
# - it sends no read receipts and asks for no unread count (it exits at its reply), and
#   downloads no attachments, so that code stays out of the image;
# - it shows no buttons, quick replies or carousel items, so a Message keeps four buttons
#   and four quick replies (the rest are flagged, not kept) and no carousel items (they
#   are counted): 3.1 KB of RAM stay free for the app (the RISC-V image, whose code and
#   alignment take more, needs it to fit its 80 KiB with the stack).
add_compile_definitions(PARLEY_MESSENGER_RECEIPTS=0 PARLEY_MESSENGER_DOWNLOADS=0
                        PARLEY_PARLEY_MAX_CAROUSEL_ITEMS=0 PARLEY_PARLEY_MAX_BUTTONS=4
                        PARLEY_PARLEY_MAX_QUICK_REPLIES=4)
