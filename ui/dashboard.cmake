# The teaching dashboard: plots, the BN momentum slider, the main window, figure export.
target_sources(bnlab_ui PRIVATE
  # Look and scale
  ${CMAKE_CURRENT_LIST_DIR}/Theme.cpp ${CMAKE_CURRENT_LIST_DIR}/Theme.h
  # The BN momentum slider
  ${CMAKE_CURRENT_LIST_DIR}/MomentumScale.cpp ${CMAKE_CURRENT_LIST_DIR}/MomentumScale.h
  ${CMAKE_CURRENT_LIST_DIR}/MomentumSlider.cpp ${CMAKE_CURRENT_LIST_DIR}/MomentumSlider.h
  # The four plots
  ${CMAKE_CURRENT_LIST_DIR}/FeatureReplay.h
  ${CMAKE_CURRENT_LIST_DIR}/ErrorCurveWorker.cpp ${CMAKE_CURRENT_LIST_DIR}/ErrorCurveWorker.h
  ${CMAKE_CURRENT_LIST_DIR}/SharedPopulation.h
  ${CMAKE_CURRENT_LIST_DIR}/PlotFrame.cpp ${CMAKE_CURRENT_LIST_DIR}/PlotFrame.h
  ${CMAKE_CURRENT_LIST_DIR}/DashboardCurves.cpp ${CMAKE_CURRENT_LIST_DIR}/DashboardCurves.h
  ${CMAKE_CURRENT_LIST_DIR}/Dashboard.cpp ${CMAKE_CURRENT_LIST_DIR}/Dashboard.h
  # Figures
  ${CMAKE_CURRENT_LIST_DIR}/FigureExport.cpp ${CMAKE_CURRENT_LIST_DIR}/FigureExport.h
  ${CMAKE_CURRENT_LIST_DIR}/FigureRendering.h
  ${CMAKE_CURRENT_LIST_DIR}/FigureCaption.cpp ${CMAKE_CURRENT_LIST_DIR}/FigureCaption.h
  ${CMAKE_CURRENT_LIST_DIR}/ExportDialog.cpp ${CMAKE_CURRENT_LIST_DIR}/ExportDialog.h
  # The window
  ${CMAKE_CURRENT_LIST_DIR}/ExplanationPanel.cpp ${CMAKE_CURRENT_LIST_DIR}/ExplanationPanel.h
  ${CMAKE_CURRENT_LIST_DIR}/HelpDialog.cpp ${CMAKE_CURRENT_LIST_DIR}/HelpDialog.h
  ${CMAKE_CURRENT_LIST_DIR}/SpeedControl.cpp ${CMAKE_CURRENT_LIST_DIR}/SpeedControl.h
  ${CMAKE_CURRENT_LIST_DIR}/StatusReadout.cpp ${CMAKE_CURRENT_LIST_DIR}/StatusReadout.h
  ${CMAKE_CURRENT_LIST_DIR}/MessageBanner.cpp ${CMAKE_CURRENT_LIST_DIR}/MessageBanner.h
  ${CMAKE_CURRENT_LIST_DIR}/MainWindow.cpp ${CMAKE_CURRENT_LIST_DIR}/MainWindow.h
)
