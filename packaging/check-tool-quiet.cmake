# Runs COMMAND (a ;-list) and fails if it exits non-zero or prints anything on stderr, e.g.
# groff's warnings: `cmake -DCOMMAND="groff;-ww;-z;file" -P check-tool-quiet.cmake`.
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
  string(REPLACE ";" " " shown "${COMMAND}")
  message(FATAL_ERROR "${shown}\nexit ${rc}\n${out}${err}")
endif()
