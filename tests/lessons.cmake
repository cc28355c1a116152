# Lesson files (bundled lessons, format, errors, lookup, saving) and the control panel.
bnlab_add_test(test_lessons SOURCES test_lessons.cpp LIBS bnlab_ui TIMEOUT 300)
bnlab_add_test(test_control_panel SOURCES test_control_panel.cpp LIBS bnlab_ui)
# Every sentence of every bundled lesson, checked against what the screen shows.
bnlab_add_test(test_lesson_claims SOURCES test_lesson_claims.cpp LessonClaimTable.inc
  LessonMeasures.cpp LessonMeasures.h ClaimCheck.h LIBS bnlab_session TIMEOUT 300)
# Momenta in lesson text, shown in the view's convention.
bnlab_add_test(test_lesson_text SOURCES test_lesson_text.cpp LIBS bnlab_ui)
# The Save-as-lesson dialog: visible labels, check boxes that stand out in every theme.
bnlab_add_test(test_save_lesson_dialog SOURCES test_save_lesson_dialog.cpp LIBS bnlab_ui)
