# The teaching dashboard (plots follow core's replay, the BN momentum slider), figure export
# (formats, sizes, atomic writes) and the main window's wiring (transport, conventions, errors).
bnlab_add_test(test_dashboard SOURCES test_dashboard.cpp LIBS bnlab_ui TIMEOUT 300)
bnlab_add_test(test_figure_export SOURCES test_figure_export.cpp LIBS bnlab_ui TIMEOUT 300)
bnlab_add_test(test_main_window SOURCES test_main_window.cpp LIBS bnlab_ui TIMEOUT 300)
# The window at classroom screen sizes, one screen per process (see the test's header).
add_executable(test_classroom_layout test_classroom_layout.cpp)
target_link_libraries(test_classroom_layout PRIVATE Qt6::Test bnlab_ui)
foreach(screen "1280x720" "1366x768" "1920x1080" "3840x2160;2")
  list(GET screen 0 size)
  list(LENGTH screen n)
  set(dpr 1)
  if(n GREATER 1)
    list(GET screen 1 dpr)
  endif()
  add_test(NAME test_classroom_layout_${size} COMMAND test_classroom_layout ${size} ${dpr})
  set_tests_properties(test_classroom_layout_${size} PROPERTIES TIMEOUT 300)
endforeach()
# The PreciseBN markers follow the view whichever way it changes.
bnlab_add_test(test_precise_markers SOURCES test_precise_markers.cpp LIBS bnlab_ui)
# The slider moment: one momentum in every frame, accuracy that never blanks, both lesson routes.
bnlab_add_test(test_slider_moment SOURCES test_slider_moment.cpp LIBS bnlab_ui TIMEOUT 600)
