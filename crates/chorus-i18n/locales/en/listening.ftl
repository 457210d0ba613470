# listening
