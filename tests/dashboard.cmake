# The teaching dashboard (plots follow core's replay, the BN momentum slider), figure export
# (formats, sizes, atomic writes) and the main window's wiring (transport, conventions, errors).
bnlab_add_test(test_dashboard SOURCES test_dashboard.cpp LIBS bnlab_ui TIMEOUT 300)
bnlab_add_test(test_figure_export SOURCES test_figure_export.cpp LIBS bnlab_ui TIMEOUT 300)
bnlab_add_test(test_main_window SOURCES test_main_window.cpp LIBS bnlab_ui TIMEOUT 300)
# The PreciseBN markers follow the view whichever way it changes.
bnlab_add_test(test_precise_markers SOURCES test_precise_markers.cpp LIBS bnlab_ui)
