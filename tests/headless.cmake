# Data export and the headless command line.
bnlab_add_test(test_csv_export SOURCES test_csv_export.cpp LIBS bnlab_session)
bnlab_add_test(test_headless SOURCES test_headless.cpp LIBS bnlab_cli TIMEOUT 600)
# The man page against --help and the parser; `bnlab FILE`.
bnlab_add_test(test_man_page SOURCES test_man_page.cpp LIBS bnlab_cli)
target_compile_definitions(test_man_page PRIVATE
  BNLAB_MAN_PAGE="${PROJECT_BINARY_DIR}/packaging/bnlab.1"
  BNLAB_VERSION_TEXT="${PROJECT_VERSION}" BNLAB_RELEASE_DATE_TEXT="${BNLAB_RELEASE_DATE}")
add_dependencies(test_man_page bnlab_install_files)
