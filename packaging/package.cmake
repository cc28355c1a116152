# The Debian package: cpack -G DEB in the build folder writes bnlab_<version>_<arch>.deb.
# Depends is computed by dpkg-shlibdeps from the libraries bnlab links, not written by hand.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME bnlab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "BN Lab developers")
set(CPACK_PACKAGE_CONTACT "${BNLAB_MAINTAINER}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${BNLAB_SOURCE_URL}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "see how BatchNorm's moving averages follow training")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_NAME bnlab)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # bnlab_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${BNLAB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Debian's description: the summary line, then the long text indented by one space.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "see how BatchNorm's moving averages follow training
 BN Lab shows, live, how and why Batch Normalization keeps moving averages
 of its statistics, and what that does to the accuracy measured while a
 network trains. A small network trains on a worker thread; the window draws
 each BN feature's batch statistics, the exact population statistics they
 estimate, and the running averages of any momentum chasing them.
 .
 It has a BN momentum slider in the Keras and the PyTorch convention, eight
 guided lessons, a presentation mode, figure and CSV export, and a headless
 command line (bnlab --headless) that writes the same figures without a
 display.")

include(CPack)
