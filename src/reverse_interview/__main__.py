from reverse_interview.cli import app

app(prog_name="ri")
