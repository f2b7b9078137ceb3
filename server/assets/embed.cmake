# Writes OUT: a C++ source holding the desk's CSS and JavaScript as raw string literals, so that
# dangan serves its own assets from the binary (no files to install, nothing from a CDN).
# Usage: cmake -DASSETS="kDeskCss=desk.css|kDeskJs=desk.js|…" -DOUT=desk_assets.cc -P embed.cmake
set(body "")
string(REPLACE "|" ";" ASSETS "${ASSETS}")
foreach(pair IN LISTS ASSETS)
  string(REPLACE "=" ";" parts "${pair}")
  list(GET parts 0 name)
  list(GET parts 1 file)
  file(READ "${file}" text)
  string(FIND "${text}" ")dangan_asset\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains the raw string delimiter )dangan_asset\"")
  endif()
  string(APPEND body "extern const char ${name}[];\n"
                     "const char ${name}[] = R\"dangan_asset(${text})dangan_asset\";\n")
endforeach()
file(WRITE "${OUT}.tmp"
  "// Generated from server/assets by embed.cmake: do not edit.\n"
  "namespace dangan::server {\n${body}}  // namespace dangan::server\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
