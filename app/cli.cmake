# The command line: option parsing, the headless run (train, export figures and CSVs, print a
# summary) and the executable. Headless and GUI share one binary, so the library needs the
# widgets (figures are drawn by the same Dashboard the GUI shows).
add_library(bnlab_cli STATIC
  ${CMAKE_CURRENT_LIST_DIR}/CommandLine.cpp ${CMAKE_CURRENT_LIST_DIR}/CommandLine.h
  ${CMAKE_CURRENT_LIST_DIR}/HeadlessPlan.cpp ${CMAKE_CURRENT_LIST_DIR}/HeadlessPlan.h
  ${CMAKE_CURRENT_LIST_DIR}/HeadlessFigures.cpp ${CMAKE_CURRENT_LIST_DIR}/HeadlessFigures.h
  ${CMAKE_CURRENT_LIST_DIR}/HeadlessSummary.cpp ${CMAKE_CURRENT_LIST_DIR}/HeadlessSummary.h
  ${CMAKE_CURRENT_LIST_DIR}/HeadlessRun.cpp ${CMAKE_CURRENT_LIST_DIR}/HeadlessRun.h
  ${CMAKE_CURRENT_LIST_DIR}/ManPage.cpp ${CMAKE_CURRENT_LIST_DIR}/ManPage.h
  ${CMAKE_CURRENT_LIST_DIR}/HeadlessOutputs.cpp ${CMAKE_CURRENT_LIST_DIR}/HeadlessOutputs.h
  ${CMAKE_CURRENT_LIST_DIR}/HeadlessStepCap.cpp ${CMAKE_CURRENT_LIST_DIR}/HeadlessStepCap.h
  ${CMAKE_CURRENT_LIST_DIR}/HeadlessOpenRun.cpp ${CMAKE_CURRENT_LIST_DIR}/HeadlessOpenRun.h
)
target_include_directories(bnlab_cli PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(bnlab_cli PUBLIC bnlab_ui)
target_compile_options(bnlab_cli PRIVATE -Wall -Wextra)

add_executable(bnlab ${CMAKE_CURRENT_LIST_DIR}/main.cpp)
target_link_libraries(bnlab PRIVATE bnlab_cli)
target_compile_options(bnlab PRIVATE -Wall -Wextra)
target_compile_definitions(bnlab PRIVATE BNLAB_VERSION="${PROJECT_VERSION}"
  BNLAB_APP_ID="${BNLAB_APP_ID}")
# Installed by packaging/CMakeLists.txt.

