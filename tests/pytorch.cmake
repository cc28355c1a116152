# PyTorch proves the replay: a CNN recorded with python/bnlab_record.py, opened by bnlab
# headless, must match torch's own running buffers. Needs /usr/bin/python3 with torch (Debian's
# python3-torch); without it the test reports SKIPPED (exit 77) and says why.
set(BNLAB_PYTHON /usr/bin/python3 CACHE FILEPATH "Python with torch for the PyTorch proof test")
add_test(NAME test_pytorch_proof
  COMMAND ${BNLAB_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/pytorch/test_pytorch_proof.py
          --bnlab $<TARGET_FILE:bnlab>)
set_tests_properties(test_pytorch_proof PROPERTIES
  SKIP_RETURN_CODE 77 TIMEOUT 900
  ENVIRONMENT "QT_QPA_PLATFORM=offscreen;OMP_NUM_THREADS=1")
