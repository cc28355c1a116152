# Limits, memory budget, boundaries, messages, output sets and export targets (reliability).
bnlab_add_test(test_limits SOURCES test_limits.cpp LIBS bnlab_cli)
bnlab_add_test(test_reliability SOURCES test_reliability.cpp LIBS bnlab_cli TIMEOUT 300)
target_compile_definitions(test_reliability PRIVATE
  BNLAB_FUZZ_CORPUS_DIR="${PROJECT_SOURCE_DIR}/fuzz/corpus")
bnlab_add_test(test_output_set SOURCES test_output_set.cpp LIBS bnlab_cli TIMEOUT 600)
target_compile_definitions(test_output_set PRIVATE BNLAB_EXECUTABLE="$<TARGET_FILE:bnlab>")
add_dependencies(test_output_set bnlab)
bnlab_add_test(test_boundaries SOURCES test_boundaries.cpp LIBS bnlab_ui TIMEOUT 300)
bnlab_add_test(test_export_sets SOURCES test_export_sets.cpp LIBS bnlab_cli TIMEOUT 300)
# It answers Qt's own (widget) file dialog, whose QFileSystemModel reads the folder on a Qt thread
# (QFileInfoGatherer) inside uninstrumented QtCore: the TSan phase of .ci/run leaves out tests
# with this label. The export code under test starts no thread of its own.
set_tests_properties(test_export_sets PROPERTIES LABELS qt-file-dialog)
