@echo off
rem rnn for Windows, as installed from a release archive: runs lib\rnn.jar with the JVM options the
rem commands need. Built, not tested (README, "Install"). JVM options can be passed in RNN_JAVA_OPTS.
setlocal
set "RNN_HOME=%~dp0.."
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" -version >nul 2>&1
if errorlevel 1 (
  echo rnn: no Java found; install Java 17 or newer, or set JAVA_HOME to one 1>&2
  exit /b 2
)
set "VECTOR="
if /i "%~1"=="train" set "VECTOR=--add-modules jdk.incubator.vector"
if /i "%~1"=="serve" set "VECTOR=--add-modules jdk.incubator.vector"
"%JAVA%" -Xlog:disable -Xlog:all=warning:stderr %VECTOR% -XX:+UseSerialGC %RNN_JAVA_OPTS% -cp "%RNN_HOME%\lib\*" rnn.cli.Main %*
exit /b %ERRORLEVEL%
