module github.com/rampart-tt/rampart

go 1.26.8
