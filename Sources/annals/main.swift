import AnnalsCLI

AnnalsCommand.main()
