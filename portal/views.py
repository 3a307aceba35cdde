from django.shortcuts import render


def home(request):
    return render(request, "portal/home.html")


def search(request):
    return render(request, "portal/search.html")


def about(request):
    return render(request, "portal/about.html")
