# Fails if an object of the fma kernels defines a symbol another file could share: a weak
# (W/V), unique (u) or common (C) symbol, or a global one other than the kernel entry points.
# Such a symbol would be compiled with AVX instructions and could replace the portable code's
# copy at link time. Run by CTest (test_kernel_objects) with -DNM=… -DOBJECTS=a.o;b.o.
foreach(object IN LISTS OBJECTS)
  execute_process(COMMAND ${NM} --defined-only ${object} OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${object}")
  endif()
  string(REPLACE "\n" ";" lines "${symbols}")
  foreach(line IN LISTS lines)
    if(line MATCHES "^[0-9a-f]* ([A-Za-z]) (.*)$")
      set(kind "${CMAKE_MATCH_1}")
      set(name "${CMAKE_MATCH_2}")
      # DW.ref.__gxx_personality_v0 (instrumented builds) is a data word holding the address of
      # the C++ exception personality routine: the same in every object, and no code.
      if(name STREQUAL "DW.ref.__gxx_personality_v0")
        continue()
      endif()
      if(kind MATCHES "^[WVuCv]$")
        message(FATAL_ERROR "${object}: shared symbol ${kind} ${name}")
      endif()
      if(kind MATCHES "^[A-Z]$" AND NOT name MATCHES "^_ZN5bnlab7kernels(11gemmFmaAvx2|13gemmFmaAvx512)ERKNS0_8GemmArgsE$")
        message(FATAL_ERROR "${object}: global symbol ${kind} ${name} (only the kernel entry points may be)")
      endif()
    endif()
  endforeach()
  message(STATUS "${object}: no shared symbol")
endforeach()
