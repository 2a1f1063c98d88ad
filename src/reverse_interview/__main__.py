from reverse_interview.launch import main

main()
