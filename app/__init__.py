"""The roof: the command line, the worker and the web app. Wires parts together; decides nothing."""
