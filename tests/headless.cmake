# Data export and the headless command line.
bnlab_add_test(test_csv_export SOURCES test_csv_export.cpp LIBS bnlab_session)
bnlab_add_test(test_headless SOURCES test_headless.cpp LIBS bnlab_cli TIMEOUT 600)
