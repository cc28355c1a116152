# Lessons (files, lookup), the control panel, the lesson panel and the lesson editor.
target_sources(bnlab_ui PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/Lesson.cpp ${CMAKE_CURRENT_LIST_DIR}/Lesson.h
  ${CMAKE_CURRENT_LIST_DIR}/ControlPanel.cpp ${CMAKE_CURRENT_LIST_DIR}/ControlPanel.h
  ${CMAKE_CURRENT_LIST_DIR}/LessonPanel.cpp ${CMAKE_CURRENT_LIST_DIR}/LessonPanel.h
  ${CMAKE_CURRENT_LIST_DIR}/SaveLessonDialog.cpp ${CMAKE_CURRENT_LIST_DIR}/SaveLessonDialog.h
)
